ALTER TABLE "worksheets" ADD COLUMN "due_session_id" text;--> statement-breakpoint
ALTER TABLE "worksheets" ADD COLUMN "revealed_through" integer;--> statement-breakpoint
ALTER TABLE "worksheets" ADD CONSTRAINT "worksheets_due_session_id_group_sessions_id_fk" FOREIGN KEY ("due_session_id") REFERENCES "public"."group_sessions"("id") ON DELETE set null ON UPDATE no action;