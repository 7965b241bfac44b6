CREATE TABLE "worksheet_copies" (
	"document_id" text PRIMARY KEY NOT NULL,
	"worksheet_id" text NOT NULL,
	"owner_id" text,
	"shared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "worksheet_template_shares" (
	"template_id" text NOT NULL,
	"group_id" text NOT NULL,
	"shared_by" text,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "worksheet_template_shares_template_id_group_id_pk" PRIMARY KEY("template_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "worksheet_templates" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"modality" text NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "worksheet_templates_id_version_pk" PRIMARY KEY("id","version")
);
--> statement-breakpoint
CREATE TABLE "worksheets" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"session_id" text,
	"template_id" text NOT NULL,
	"template_version" integer NOT NULL,
	"template_body" jsonb NOT NULL,
	"mode" text NOT NULL,
	"title" text NOT NULL,
	"homework_due" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "shared_with_group" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "worksheet_copies" ADD CONSTRAINT "worksheet_copies_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheet_copies" ADD CONSTRAINT "worksheet_copies_worksheet_id_worksheets_id_fk" FOREIGN KEY ("worksheet_id") REFERENCES "public"."worksheets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheet_copies" ADD CONSTRAINT "worksheet_copies_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheet_template_shares" ADD CONSTRAINT "worksheet_template_shares_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheet_template_shares" ADD CONSTRAINT "worksheet_template_shares_shared_by_users_id_fk" FOREIGN KEY ("shared_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheet_templates" ADD CONSTRAINT "worksheet_templates_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheets" ADD CONSTRAINT "worksheets_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheets" ADD CONSTRAINT "worksheets_session_id_group_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."group_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worksheets" ADD CONSTRAINT "worksheets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worksheet_copies_worksheet_idx" ON "worksheet_copies" USING btree ("worksheet_id");--> statement-breakpoint
CREATE INDEX "worksheet_copies_owner_idx" ON "worksheet_copies" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "worksheet_template_shares_group_idx" ON "worksheet_template_shares" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "worksheet_templates_owner_idx" ON "worksheet_templates" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "worksheets_group_idx" ON "worksheets" USING btree ("group_id","created_at");--> statement-breakpoint
CREATE INDEX "worksheets_session_idx" ON "worksheets" USING btree ("session_id");