// A new user's first minutes with `hocba` (issue 17): help that lists what exists and every option a command takes,
// commands that load only their own code, and reports in one language with times as the portal writes them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf, signRecord, vietnamTimeText } from '../../../api/index.ts';
import { createTestPki, type TestPki } from '../../../api/pki/index.ts';
import { generateSampleSet } from '../../../api/samples/index.ts';
import { DEFAULT_DATA_DIR } from '../../../api/server/open-data.ts';
import { GLOBAL_OPTIONS, helpText } from '../../../scripts/cli/command.ts';
import { commands } from '../../../scripts/cli/commands.ts';
import { langFromEnv } from '../../../scripts/cli/lang.ts';
import { DATA_DIR_IN_HELP } from '../../../scripts/cli/operator.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const HOOK = join(ROOT, 'tests/helpers/loaded-modules.ts');
const work = mkdtempSync(join(tmpdir(), 'hocba-first-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Ran { code: number | null; stdout: string; stderr: string; modules: string[] }

let runs = 0;
/** `node scripts/hocba.ts ARGS` with the module-counting hook; English unless `env` says otherwise. */
function hocba(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const modulesFile = join(work, `modules-${runs++}.txt`);
  const child = spawn(process.execPath, ['--import', HOOK, 'scripts/hocba.ts', ...args], {
    cwd: ROOT, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', DATABASE_URL: '', ...env, HOCBA_LOADED_MODULES: modulesFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      let modules: string[] = [];
      try {
        modules = readFileSync(modulesFile, 'utf8').split('\n').filter(Boolean);
      } catch { /* the process wrote none */ }
      done({ code, stdout, stderr, modules });
    });
  });
}

/** The packages that make a command slow to start: the databases, the PDF engine, the web stack, the logger. */
const HEAVY = /\/node_modules\/(@electric-sql\/pglite|pg|pg-pool|drizzle-orm|pdf-lib|@pdf-lib\/[^/]+|astro|hono|@hono\/[^/]+|pino)\//;

/** Each command's own module, as scripts/cli/commands.ts loads it: `name: 'x'` … `import('./x.ts')`. */
const COMMAND_FILES = new Map(
  [...readFileSync(join(ROOT, 'scripts/cli/commands.ts'), 'utf8').matchAll(/name: '([^']+)',[\s\S]*?import\('\.\/([a-z-]+\.ts)'\)/g)]
    .map((match) => [match[1]!, match[2]!] as const),
);

const families = [...new Set(commands.filter((entry) => entry.name.includes(' ')).map((entry) => entry.name.split(' ')[0]!))];

describe('hocba help', () => {
  it('with no command: the list on standard error and exit 64 (EX_USAGE, like any usage mistake); --help: exit 0', async () => {
    const bare = await hocba([]);
    expect([bare.code, bare.stdout]).toEqual([64, '']);
    for (const entry of commands) expect(bare.stderr).toContain(`  ${entry.name}`);
    for (const asked of [['--help'], ['-h'], ['help']]) {
      const help = await hocba(asked);
      expect([help.code, help.stderr]).toEqual([0, '']);
      for (const entry of commands) expect(help.stdout).toMatch(new RegExp(`^  ${entry.name} +${escape(entry.summary)}$`, 'm'));
    }
  });

  it('lists a family\'s subcommands, one line each, for every command that has subcommands', async () => {
    expect(families).toEqual(expect.arrayContaining(['pki', 'trust', 'school', 'operator', 'late-window', 'transfer', 'province', 'log', 'access-log', 'audit']));
    for (const family of families) {
      const members = commands.filter((entry) => entry.name.startsWith(`${family} `));
      for (const asked of [[family, '--help'], ['help', family]]) {
        const help = await hocba(asked);
        expect([asked, help.code]).toEqual([asked, 0]);
        const lines = help.stdout.split('\n').filter((line) => line.startsWith('  '));
        expect(lines).toEqual(members.map((entry) => expect.stringMatching(new RegExp(`^  ${entry.name} +${escape(entry.summary)}$`))));
      }
      const bare = await hocba([family]);
      expect([bare.code, bare.stderr]).toEqual([64, expect.stringContaining(`hocba ${family}: name a subcommand`)]);
      expect(bare.stderr).toContain(members[0]!.name);
    }
  }, 300_000);

  it('answers `hocba help X` as `hocba X --help`', async () => {
    const [asked, direct] = await Promise.all([hocba(['help', 'trust', 'crl']), hocba(['trust', 'crl', '--help'])]);
    expect(asked).toMatchObject({ code: 0, stdout: direct.stdout });
    expect(direct.stdout).toMatch(/^hocba trust crl — /);
  });

  it('describes every option each command\'s parser accepts, and names each of its own in the usage lines', async () => {
    const missing: string[] = [];
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      const help = helpText(command, entry.summary);
      const synopsis = help.slice(help.indexOf('Usage:'), help.indexOf('\n\n', help.indexOf('Usage:')));
      for (const option of Object.keys({ ...command.options, ...GLOBAL_OPTIONS })) {
        if (!new RegExp(`^ +(-\\w, )?--${option}(?![\\w-])`, 'm').test(help)) missing.push(`${entry.name}: --${option} has no line`);
        if (option in command.options && !synopsis.includes(`--${option}`)) missing.push(`${entry.name}: --${option} not in usage`);
      }
    }
    expect(missing).toEqual([]);
  }, 120_000);

  it('serve --help names --public-url and --log-key in its usage line, and refuses the removed --trust-proxy', async () => {
    const help = await hocba(['serve', '--help']);
    const synopsis = help.stdout.slice(help.stdout.indexOf('Usage:'), help.stdout.indexOf('\n\n', help.stdout.indexOf('Usage:')));
    expect(synopsis).toContain('--public-url');
    expect(synopsis).toContain('--log-key');
    const removed = await hocba(['serve', '--trust-proxy']);
    expect([removed.code, removed.stderr.split('\n')[0]]).toEqual([64, expect.stringContaining('--trust-proxy is gone')]);
  });

  it('shows the PGlite folder serve really uses as the --data default', () => {
    expect(DATA_DIR_IN_HELP).toBe(DEFAULT_DATA_DIR);
  });
});

describe('hocba loads per command', () => {
  it('--help loads no command module, nothing of node_modules and of api/ only the error catalogue', async () => {
    const help = await hocba(['--help']);
    const ours = help.modules.filter((url) => url.startsWith('file:')).map((url) => url.slice(`file://${ROOT}/`.length));
    expect(ours.filter((path) => path.includes('node_modules'))).toEqual([]);
    expect(ours.filter((path) => path.startsWith('api/') && !/^api\/(errors|issue-types|[a-z]+\/issues)\.ts$/.test(path))).toEqual([]);
    expect(ours.filter((path) => path.startsWith('scripts/'))).toEqual(['scripts/hocba.ts', 'scripts/cli/command.ts', 'scripts/cli/lang.ts', 'scripts/cli/commands.ts']);
  });

  it.each([
    [['verify', '--help']], [['sign', '--help']], [['pki', 'init', '--help']], [['sample', '--help']], [['pack', '--help']],
    [['school', 'add', '--help']], [['demo', '--help']],
  ])('%j loads no database, PDF, web or logger package, and no other command', async (args) => {
    const help = await hocba(args);
    expect(help.code).toBe(0);
    expect(help.modules.filter((url) => HEAVY.test(url))).toEqual([]);
    // Of the modules the command table loads on demand, only the asked command's own was loaded.
    const ownFile = (name: string) => COMMAND_FILES.get(name)!;
    const asked = commands.find((entry) => args.join(' ').startsWith(`${entry.name} `))!;
    const commandFiles = new Set(commands.map((entry) => ownFile(entry.name)));
    const loaded = help.modules.map((url) => url.replace(/^.*\/scripts\/cli\//, '')).filter((file) => commandFiles.has(file));
    expect(loaded).toEqual([ownFile(asked.name)]);
  });
});

let pki: TestPki;
let signedFile = '';
// A minute ago: inside the fresh test certificates' validity, in whole minutes as the report shows them.
const signedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
beforeAll(async () => {
  pki = await createTestPki({ outDir: join(work, 'pki') });
  const [sample] = generateSampleSet({
    level: 'THCS', grade: 8, schoolYear: '2024-2025', schoolCode: '01001002', schoolName: 'Trường THCS Giảng Võ', provinceCode: '01', seed: 17, count: 1,
  });
  const school = pki.entities['school-b']!;
  const signed = await signRecord(sample!.xml, {
    privateKeyPem: school.keyPem, certificatePem: school.certPem, chainPem: school.chainPem, role: 'CoSoGiaoDuc', signingTime: signedAt,
  });
  signedFile = join(work, 'hoc-ba.xml');
  writeFileSync(signedFile, signed);
}, 120_000);

describe('hocba verify speaks one language', () => {
  const trust = () => ['--trust', pki.entities.root!.certPath, '--crl', pki.crls.issuing!.path, '--crl', pki.crls.root!.path];
  const VI_LABELS = ['HỢP LỆ', 'Mã tra cứu', 'Chữ ký', 'ký lúc', 'toàn vẹn', 'thu hồi', 'Cảnh báo'];
  const EN_LABELS = ['VALID', 'Lookup code', 'Signature', 'signed', 'integrity', 'revocation', 'Warning', 'intact', 'trusted'];

  it('in English: English labels and values only, the signing time in Vietnam time as the portal writes it', async () => {
    const result = await hocba(['verify', signedFile, ...trust(), '--lang', 'en']);
    expect(result.code).toBe(0);
    for (const label of EN_LABELS) expect(result.stdout).toContain(label);
    for (const label of VI_LABELS) expect(result.stdout).not.toContain(label);
    expect(result.stdout).toContain(`signed ${vietnamTimeText(signedAt.toISOString(), 'en')};`);
    expect(result.stdout).toMatch(/signed \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(Vietnam time, UTC\+7\);/);
    expect(result.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // Also the run itself stays light: an offline check needs no database, PDF or web package.
    expect(result.modules.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it('in Vietnamese, chosen by --lang or by the locale (LC_ALL before LC_MESSAGES before LANG)', async () => {
    const runs = await Promise.all([
      hocba(['verify', signedFile, ...trust(), '--lang', 'vi']),
      hocba(['verify', signedFile, ...trust()], { LANG: 'vi_VN.UTF-8' }),
      hocba(['verify', signedFile, ...trust()], { LC_ALL: 'vi_VN.UTF-8', LANG: 'en_US.UTF-8' }),
    ]);
    for (const result of runs) {
      expect(result.code).toBe(0);
      for (const label of VI_LABELS) expect(result.stdout).toContain(label);
      for (const label of EN_LABELS) expect(result.stdout).not.toContain(label);
      expect(result.stdout).toContain(`ký lúc ${vietnamTimeText(signedAt.toISOString(), 'vi')};`);
      expect(result.stdout).toMatch(/ký lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\);/);
    }
    const english = await hocba(['verify', signedFile, ...trust()], { LC_ALL: 'C.UTF-8', LANG: 'vi_VN.UTF-8' });
    expect(english.stdout).toContain('VALID');
  });

  it('gives an error message in the chosen language only', async () => {
    const garbage = join(work, 'garbage.b64');
    writeFileSync(garbage, 'không phải gói học bạ');
    const [vi, en] = await Promise.all([hocba(['unpack', garbage, '--lang', 'vi']), hocba(['unpack', garbage, '--lang', 'en'])]);
    expect(vi.code).toBe(1);
    expect(en.code).toBe(1);
    expect(vi.stderr).toBe(`hocba unpack: [package_not_base64] ${messageOf({ code: 'package_not_base64', params: { position: 2 } }, 'vi')}\n`);
    expect(en.stderr).toBe(`hocba unpack: [package_not_base64] ${messageOf({ code: 'package_not_base64', params: { position: 2 } }, 'en')}\n`);
  });

  it('refuses a language it does not have (exit 64)', async () => {
    const result = await hocba(['verify', signedFile, '--lang', 'fr']);
    expect([result.code, result.stderr]).toEqual([64, expect.stringContaining('--lang is vi or en')]);
  });

  it('reads the locale as POSIX orders it', () => {
    expect(langFromEnv({ LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(langFromEnv({ LANG: 'vi' })).toBe('vi');
    expect(langFromEnv({ LC_MESSAGES: 'vi_VN', LANG: 'en_US.UTF-8' })).toBe('vi');
    expect(langFromEnv({ LC_ALL: 'en_GB.UTF-8', LC_MESSAGES: 'vi_VN' })).toBe('en');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'video' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
