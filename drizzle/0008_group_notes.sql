CREATE TABLE "facilitator_keys" (
	"user_id" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"wrapped_private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_note_addenda" (
	"id" text PRIMARY KEY NOT NULL,
	"note_id" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"signed_by" text NOT NULL,
	"signer_name" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	"ciphertext_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_note_keys" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"wrapped_key" jsonb NOT NULL,
	"wrapped_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_note_keys_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "group_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"session_id" text NOT NULL,
	"created_by" text NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"revision" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_by" text,
	"signer_name" text,
	"signed_at" timestamp with time zone,
	"content_hash" text,
	"ciphertext_hash" text,
	CONSTRAINT "group_notes_session_id_unique" UNIQUE("session_id")
);
--> statement-breakpoint
ALTER TABLE "facilitator_keys" ADD CONSTRAINT "facilitator_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_addenda" ADD CONSTRAINT "group_note_addenda_note_id_group_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."group_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_keys" ADD CONSTRAINT "group_note_keys_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_keys" ADD CONSTRAINT "group_note_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_note_addenda_note_idx" ON "group_note_addenda" USING btree ("note_id","signed_at");--> statement-breakpoint
CREATE INDEX "group_notes_group_idx" ON "group_notes" USING btree ("group_id");