CREATE TABLE "school_certificates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_code" text NOT NULL,
	"fingerprint" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial" text NOT NULL,
	"not_before" timestamp (3) with time zone NOT NULL,
	"not_after" timestamp (3) with time zone NOT NULL,
	"der" "bytea" NOT NULL,
	"approved_at" timestamp (3) with time zone NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	CONSTRAINT "school_certificates_fingerprint_format" CHECK ("school_certificates"."fingerprint" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "school_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_code" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "school_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"district" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "schools_code_format" CHECK ("schools"."code" ~ '^[0-9]{8}$'),
	CONSTRAINT "schools_province_format" CHECK ("schools"."province_code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "crls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"issuer" text NOT NULL,
	"fingerprint" text NOT NULL,
	"this_update" timestamp (3) with time zone NOT NULL,
	"next_update" timestamp (3) with time zone,
	"der" "bytea" NOT NULL,
	"loaded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "crls_fingerprint_unique" UNIQUE("fingerprint")
);
--> statement-breakpoint
CREATE TABLE "trusted_cas" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"role" text NOT NULL,
	"der" "bytea" NOT NULL,
	"added_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "trusted_cas_role" CHECK ("trusted_cas"."role" in ('anchor', 'intermediate'))
);
--> statement-breakpoint
CREATE TABLE "pdf_copies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lookup_code" text NOT NULL,
	"copy_number" integer NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"requester_ip_hash" text,
	CONSTRAINT "pdf_copies_number" UNIQUE("lookup_code","copy_number")
);
--> statement-breakpoint
CREATE TABLE "records" (
	"lookup_code" text PRIMARY KEY NOT NULL,
	"school_code" text NOT NULL,
	"school_year" text NOT NULL,
	"grade" integer NOT NULL,
	"level" text NOT NULL,
	"student_code" text NOT NULL,
	"personal_id_last4" text,
	"student_name" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"package" "bytea" NOT NULL,
	"xml" "bytea" NOT NULL,
	"digest" text NOT NULL,
	"report" jsonb NOT NULL,
	"receipt_id" text NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"recalled_at" timestamp (3) with time zone,
	"recall_reason" text,
	"replaced_by" text,
	"replaces" text,
	"supplementary" boolean DEFAULT false NOT NULL,
	CONSTRAINT "records_receipt_id_unique" UNIQUE("receipt_id"),
	CONSTRAINT "records_lookup_code_format" CHECK ("records"."lookup_code" ~ '^[0-9A-F]{32}$'),
	CONSTRAINT "records_school_year_format" CHECK ("records"."school_year" ~ '^[0-9]{4}-[0-9]{4}$'),
	CONSTRAINT "records_level" CHECK ("records"."level" in ('TH', 'THCS', 'THPT')),
	CONSTRAINT "records_grade" CHECK ("records"."grade" between 1 and 12),
	CONSTRAINT "records_personal_id_last4" CHECK ("records"."personal_id_last4" ~ '^[0-9]{4}$'),
	CONSTRAINT "records_status" CHECK ("records"."status" in ('valid', 'recalled', 'replaced')),
	CONSTRAINT "records_recalled_consistent" CHECK (("records"."status" = 'recalled') = ("records"."recalled_at" is not null)),
	CONSTRAINT "records_replaced_consistent" CHECK (("records"."status" = 'replaced') = ("records"."replaced_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lookup_code" text,
	"school_code" text NOT NULL,
	"digest" text NOT NULL,
	"status" text NOT NULL,
	"errors" jsonb,
	"receipt_id" text,
	"received_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "submissions_status" CHECK ("submissions"."status" in ('accepted', 'repeated', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "events_hash_unique" UNIQUE("hash"),
	CONSTRAINT "events_kind" CHECK (kind in ('push', 'accept', 'reject', 'recall', 'replace', 'approve', 'withdraw', 'school_add', 'token_issue', 'trust_add', 'crl_load', 'lock', 'lookup', 'copy'))
);
--> statement-breakpoint
CREATE TABLE "lock_dates" (
	"school_year" text PRIMARY KEY NOT NULL,
	"main_lock_date" date NOT NULL,
	"supplementary_lock_date" date NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "school_certificates" ADD CONSTRAINT "school_certificates_school_code_schools_code_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_tokens" ADD CONSTRAINT "school_tokens_school_code_schools_code_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdf_copies" ADD CONSTRAINT "pdf_copies_lookup_code_records_lookup_code_fk" FOREIGN KEY ("lookup_code") REFERENCES "public"."records"("lookup_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_school_code_schools_code_fk" FOREIGN KEY ("school_code") REFERENCES "public"."schools"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_replaced_by_records_lookup_code_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."records"("lookup_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_replaces_records_lookup_code_fk" FOREIGN KEY ("replaces") REFERENCES "public"."records"("lookup_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "school_certificates_active" ON "school_certificates" USING btree ("school_code","fingerprint") WHERE "school_certificates"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "school_certificates_fingerprint" ON "school_certificates" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "crls_issuer" ON "crls" USING btree ("issuer","this_update");--> statement-breakpoint
CREATE INDEX "records_digest" ON "records" USING btree ("digest");--> statement-breakpoint
CREATE INDEX "records_school" ON "records" USING btree ("school_code","school_year");--> statement-breakpoint
CREATE INDEX "records_student" ON "records" USING btree ("student_code","school_year");--> statement-breakpoint
CREATE INDEX "submissions_lookup_code" ON "submissions" USING btree ("lookup_code");--> statement-breakpoint
CREATE INDEX "submissions_school" ON "submissions" USING btree ("school_code","received_at");--> statement-breakpoint
CREATE INDEX "events_subject" ON "events" USING btree ("subject");