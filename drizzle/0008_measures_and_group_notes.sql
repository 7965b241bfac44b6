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
CREATE TABLE "group_safety_settings" (
	"group_id" text PRIMARY KEY NOT NULL,
	"crisis_resources" text NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"schedule_id" text NOT NULL,
	"group_id" text NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"measure" text NOT NULL,
	"answers" jsonb NOT NULL,
	"difficulty" integer,
	"total" integer,
	"band_index" integer,
	"urgent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_risk_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"response_id" text NOT NULL,
	"group_id" text NOT NULL,
	"session_id" text,
	"user_id" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"follow_up_actions" jsonb,
	"followed_up_by" text,
	"followed_up_at" timestamp with time zone,
	CONSTRAINT "measure_risk_alerts_response_id_unique" UNIQUE("response_id")
);
--> statement-breakpoint
CREATE TABLE "measure_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"measure" text NOT NULL,
	"timing" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "facilitator_keys" ADD CONSTRAINT "facilitator_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_addenda" ADD CONSTRAINT "group_note_addenda_note_id_group_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."group_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_keys" ADD CONSTRAINT "group_note_keys_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_note_keys" ADD CONSTRAINT "group_note_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_safety_settings" ADD CONSTRAINT "group_safety_settings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_safety_settings" ADD CONSTRAINT "group_safety_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_schedule_id_measure_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."measure_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_risk_alerts" ADD CONSTRAINT "measure_risk_alerts_response_id_measure_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."measure_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_risk_alerts" ADD CONSTRAINT "measure_risk_alerts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_risk_alerts" ADD CONSTRAINT "measure_risk_alerts_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_risk_alerts" ADD CONSTRAINT "measure_risk_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_risk_alerts" ADD CONSTRAINT "measure_risk_alerts_followed_up_by_users_id_fk" FOREIGN KEY ("followed_up_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_schedules" ADD CONSTRAINT "measure_schedules_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_schedules" ADD CONSTRAINT "measure_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_note_addenda_note_idx" ON "group_note_addenda" USING btree ("note_id","signed_at");--> statement-breakpoint
CREATE INDEX "group_notes_group_idx" ON "group_notes" USING btree ("group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_responses_once_idx" ON "measure_responses" USING btree ("schedule_id","session_id","user_id");--> statement-breakpoint
CREATE INDEX "measure_responses_member_idx" ON "measure_responses" USING btree ("group_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "measure_risk_alerts_group_idx" ON "measure_risk_alerts" USING btree ("group_id","followed_up_at");--> statement-breakpoint
CREATE INDEX "measure_schedules_group_idx" ON "measure_schedules" USING btree ("group_id");