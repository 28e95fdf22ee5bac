CREATE TABLE "forward_cursors" (
	"province_code" text PRIMARY KEY NOT NULL,
	"last_sequence" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "forward_cursors_province_format" CHECK ("forward_cursors"."province_code" ~ '^[0-9]{2}$'),
	CONSTRAINT "forward_cursors_sequence" CHECK ("forward_cursors"."last_sequence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "province_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone,
	CONSTRAINT "province_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "province_tokens_province_format" CHECK ("province_tokens"."province_code" ~ '^[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_kind";--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "source_province" text;--> statement-breakpoint
CREATE INDEX "province_tokens_province" ON "province_tokens" USING btree ("province_code");--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_source_province_format" CHECK ("records"."source_province" ~ '^[0-9]{2}$');--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_kind" CHECK (kind in ('push', 'accept', 'reject', 'recall', 'replace', 'approve', 'withdraw', 'school_add', 'token_issue', 'trust_add', 'crl_load', 'lock', 'lookup', 'copy', 'operator_add', 'operator_disable', 'operator_password', 'login', 'login_failed', 'logout', 'export', 'xml_release', 'xml_release_refused', 'late_window_open', 'late_window_close', 'transfer', 'province_add', 'forward', 'forward_receive'));