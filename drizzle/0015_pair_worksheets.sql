ALTER TABLE "documents" ADD COLUMN "pair_members" text[];--> statement-breakpoint
ALTER TABLE "worksheet_copies" ADD COLUMN "pair_id" text;