// Every command of the `hocba` CLI, in the order `hocba --help` lists them: its name and one line, and how to load it.
// Nothing else is imported here: `hocba --help` lists commands without loading any, and `hocba X` loads X's module
// (with the api/ modules it needs) and no other, so each command starts without the whole domain core.
import type { Command } from './command.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the registry: API v1 (and portal) on PGlite in --data DIR, or PostgreSQL via DATABASE_URL',
    load: async () => (await import('./serve.ts')).serve,
  },
  {
    name: 'demo',
    summary: 'fresh demo registry (test PKI, 3 schools, ~200 signed records of every status) with API and portal',
    load: async () => (await import('./demo.ts')).demo,
  },
  {
    name: 'migrate',
    summary: "apply the database schema's pending migrations (as the role that owns the database) and exit",
    load: async () => (await import('./migrate.ts')).migrate,
  },
  {
    name: 'trust add',
    summary: 'add CA certificates (root or intermediate) to the trust list',
    load: async () => (await import('./trust.ts')).trustAdd,
  },
  {
    name: 'trust crl',
    summary: "load a CA's certificate revocation list (the newest per issuer is used)",
    load: async () => (await import('./trust.ts')).trustCrl,
  },
  {
    name: 'school add',
    summary: "register a school, approve its seal certificate(s), print its API token once",
    load: async () => (await import('./school.ts')).schoolAdd,
  },
  {
    name: 'school cert',
    summary: 'approve another seal certificate for a school, or withdraw an approval',
    load: async () => (await import('./school.ts')).schoolCert,
  },
  {
    name: 'school revoke-token',
    summary: "revoke a school's API tokens (all live ones, or one by number): a leaked token is refused from then on",
    load: async () => (await import('./school.ts')).schoolRevokeToken,
  },
  {
    name: 'province add',
    summary: "on a national instance: create a province's forwarding account, print its token once",
    load: async () => (await import('./forward.ts')).provinceAdd,
  },
  {
    name: 'province revoke',
    summary: "on a national instance: revoke a province's forwarding tokens (all of a province's, or one by number)",
    load: async () => (await import('./forward.ts')).provinceRevoke,
  },
  {
    name: 'forward',
    summary: 'send this registry\'s accepted packages and their recalls, replacements, locks and transfers to the national store, resumably',
    load: async () => (await import('./forward.ts')).forward,
  },
  {
    name: 'forward-status',
    summary: 'what is still unforwarded for each report deadline of a school year (10/7 completed, 25/8 supplementary)',
    load: async () => (await import('./forward.ts')).forwardStatus,
  },
  {
    name: 'late-window open',
    summary: 'let a school push new records of a locked school year until a date (journaled with its reason)',
    load: async () => (await import('./late-window.ts')).lateWindowOpen,
  },
  {
    name: 'late-window close',
    summary: 'close the open late window of a school and year',
    load: async () => (await import('./late-window.ts')).lateWindowClose,
  },
  {
    name: 'late-window list',
    summary: 'list late windows, open and past',
    load: async () => (await import('./late-window.ts')).lateWindowList,
  },
  {
    name: 'expected set',
    summary: "set how many records the Sở expects a school to publish in a school year, or import them from a CSV",
    load: async () => (await import('./expected.ts')).expectedSet,
  },
  {
    name: 'expected list',
    summary: 'list the expected record counts of a school year, with who set them and when',
    load: async () => (await import('./expected.ts')).expectedList,
  },
  {
    name: 'transfer add',
    summary: "record that a student moved to another school: only that school manages the student's records from then on",
    load: async () => (await import('./transfer.ts')).transferAdd,
  },
  {
    name: 'transfer list',
    summary: 'list transfers (of a student, or from or to a school), oldest first',
    load: async () => (await import('./transfer.ts')).transferList,
  },
  {
    name: 'transfer recall',
    summary: 'recall, before its lock date, a record whose student moved away from its school',
    load: async () => (await import('./transfer.ts')).transferRecall,
  },
  {
    name: 'transfer replace',
    summary: 'replace, before its lock date, a record whose student moved away (successor signed by its school)',
    load: async () => (await import('./transfer.ts')).transferReplace,
  },
  {
    name: 'operator add',
    summary: 'create an operator account (Sở staff) for the operator API',
    load: async () => (await import('./operator-account.ts')).operatorAdd,
  },
  {
    name: 'operator passwd',
    summary: "set an operator's password (ends the account's sessions and lifts a lockout)",
    load: async () => (await import('./operator-account.ts')).operatorPasswd,
  },
  {
    name: 'operator disable',
    summary: 'disable an operator account for good (its sessions end at once)',
    load: async () => (await import('./operator-account.ts')).operatorDisable,
  },
  {
    name: 'push',
    summary: 'push packages (.b64) or signed XML files to a registry; receipts out, non-zero exit on any rejection',
    load: async () => (await import('./push.ts')).push,
  },
  {
    name: 'pki init',
    summary: 'make a test PKI: root CA, issuing CA, school and teacher certificates, CRLs (PEM + pki.json)',
    load: async () => (await import('./pki.ts')).pkiInit,
  },
  {
    name: 'sample',
    summary: 'write realistic unsigned record XML files (names with diacritics, scores that follow the circulars)',
    load: async () => (await import('./sample.ts')).sample,
  },
  {
    name: 'sign',
    summary: 'add one XAdES-BES or Vietnamese XML-DSig signature (RSA or ECDSA, SHA-256) in a new CKS slot; repeat to co-sign',
    load: async () => (await import('./sign.ts')).sign,
  },
  {
    name: 'pack',
    summary: 'gzip + base64 an XML record into a package',
    load: async () => (await import('./pack.ts')).pack,
  },
  {
    name: 'unpack',
    summary: 'decode a package (base64 → gunzip) back to its exact XML bytes',
    load: async () => (await import('./pack.ts')).unpack,
  },
  {
    name: 'verify',
    summary: 'check signed records (XML or packages): valid, invalid (why) or indeterminate; with --url, the registry\'s answer',
    load: async () => (await import('./verify.ts')).verify,
  },
  {
    name: 'verify-answer',
    summary: "check a signed registry answer (.jws) offline: the seal's signature and its chain to the root you trust",
    load: async () => (await import('./verify-answer.ts')).verifyAnswer,
  },
  {
    name: 'audit verify',
    summary: 'check the audit chain: every event links to the one before, hashes to what is stored, and matches the heads the public log anchored',
    load: async () => (await import('./audit.ts')).auditVerify,
  },
  {
    name: 'log init',
    summary: "create the transparency log's Ed25519 signing key and print its verifier key",
    load: async () => (await import('./log.ts')).logInit,
  },
  {
    name: 'log verify',
    summary: 'check the whole log from its public files: checkpoint signature, every entry and tile, an older checkpoint',
    load: async () => (await import('./log.ts')).logVerify,
  },
  {
    name: 'log export',
    summary: "write the log's public files (checkpoint, key, tiles, entry bundles) to a folder for static hosting",
    load: async () => (await import('./log.ts')).logExport,
  },
  {
    name: 'access-log prune',
    summary: 'delete lookups older than the retention period (--days) from the access log',
    load: async () => (await import('./access-log.ts')).accessLogPrune,
  },
  {
    name: 'access-log count',
    summary: 'how many times a record was looked up (API, portal, bulk): a count, never who asked',
    load: async () => (await import('./access-log.ts')).accessLogCount,
  },
  {
    name: 'backup',
    summary: 'write a consistent snapshot of every table (exact bytes, audit chain) to a JSON-lines file',
    load: async () => (await import('./backup.ts')).backup,
  },
  {
    name: 'restore',
    summary: 'restore a backup into an EMPTY database, checking every digest and the audit chain',
    load: async () => (await import('./backup.ts')).restore,
  },
];
