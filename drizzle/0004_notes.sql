CREATE TABLE "notes_keyrings" (
	"user_id" text PRIMARY KEY NOT NULL,
	"keyring" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "group_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notes_keyrings" ADD CONSTRAINT "notes_keyrings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_notes_owner_idx" ON "documents" USING btree ("owner_id") WHERE "documents"."kind" = 'notes';