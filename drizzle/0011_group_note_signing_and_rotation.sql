CREATE TABLE "facilitator_signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"public_key" text NOT NULL,
	"wrapped_private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_note_key_state" (
	"group_id" text PRIMARY KEY NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"rotation_due_since" timestamp with time zone,
	"rotated_by" text,
	"rotated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "group_note_addenda" ADD COLUMN "key_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "group_note_addenda" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "group_note_addenda" ADD COLUMN "signing_key_id" text;--> statement-breakpoint
ALTER TABLE "group_note_keys" ADD COLUMN "key_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "group_notes" ADD COLUMN "key_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "group_notes" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "group_notes" ADD COLUMN "signing_key_id" text;--> statement-breakpoint
ALTER TABLE "group_note_key_state" ADD CONSTRAINT "group_note_key_state_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "facilitator_signing_keys_user_idx" ON "facilitator_signing_keys" USING btree ("user_id");