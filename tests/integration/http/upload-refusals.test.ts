// What an uploader is told when a file is not checked (issue 11), through the real server (API and built portal):
// - a PDF the reader refuses (20,000 broken objects, over its object cap) says why and what to do, in Vietnamese and English, instead of
//   a bare "indeterminate" (the reason used to stop at api/render and never reach the answer);
// - the public lane's refusals (`uploads_in_flight`, `verification_busy`) are a translated "try again later" page with
//   429 / 503 and Retry-After, not the portal's 500 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, openRegistry, type OpenedRegistry, type Verifier } from '../../../api/index.ts';
import { createServerAnswers } from '../../../api/server/answers.ts';
import { startServer, type RunningServer } from '../../../api/server/index.ts';
import { createPortal, type Portal } from '../../../api/server/portal.ts';
import { ensureSiteBuilt } from '../../../scripts/build-site.ts';
import { pdfOfBrokenObjects } from '../../../bench/support/hostile.ts';
import { makeFixtures, SCHOOLS } from '../../helpers/signed-records.ts';

const PDF_REFUSED = {
  vi: 'Không đọc tệp PDF này: tệp lớn hơn 16777216 byte, có hơn 10000 đối tượng hoặc cần giải nén hơn 1048576 byte. '
    + 'Bản PDF do hệ thống cấp nhỏ hơn nhiều; hãy tải lại bản chính thức từ trang tra cứu.',
  en: 'This PDF was not read: it is larger than 16777216 bytes, has more than 10000 objects or needs more than 1048576 bytes inflated. '
    + 'Copies issued by the registry are far smaller; download the official copy from the record page again.',
};

interface Running {
  readonly server: RunningServer;
  readonly portal: Portal;
  readonly verifier: Verifier;
}

let opened: OpenedRegistry;
let flood: Uint8Array<ArrayBuffer>;
let xml: string;
const running: Running[] = [];

/** A server whose API and portal share one answers layer over a verifier with this public-lane budget. */
async function serverWith(budget: { maxPerClient: number; maxPublicQueue: number }): Promise<RunningServer> {
  const verifier = createVerifier({ workers: 1, budget });
  const answers = createServerAnswers({ registry: opened.registry, verifier });
  const portal = await createPortal({ registry: opened.registry, answers });
  const server = await startServer({ registry: opened.registry, port: 0, answers, portal: portal.handler });
  running.push({ server, portal, verifier });
  return server;
}

function upload(server: RunningServer, path: string, bytes: Uint8Array<ArrayBuffer> | string, name: string, type: string) {
  const form = new FormData();
  form.set('tep', new Blob([bytes], { type }), name);
  return fetch(`${server.url}${path}`, { method: 'POST', body: form, headers: { origin: server.url } });
}

/** The page's text with tags dropped and entities of the few characters Astro escapes restored. */
async function textOf(response: Response): Promise<string> {
  const html = await response.text();
  return html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  const [fx] = await Promise.all([makeFixtures(), ensureSiteBuilt()]);
  opened = await openRegistry();
  flood = new Uint8Array(pdfOfBrokenObjects(20_000));
  xml = await fx.sign(fx.unsigned(SCHOOLS.a, 1), SCHOOLS.a.seal, 'CoSoGiaoDuc');
}, 240_000);
afterAll(async () => {
  for (const { server, portal, verifier } of running) {
    await server.close();
    await portal.close();
    await verifier.close();
  }
  await opened?.close();
});

describe('a PDF the reader refuses', () => {
  it('says why and what to do on POST /api/v1/verify, in the asked language', async () => {
    const server = await serverWith({ maxPerClient: 2, maxPublicQueue: 8 });
    for (const lang of ['vi', 'en'] as const) {
      const response = await fetch(`${server.url}/api/v1/verify?lang=${lang}`, { method: 'POST', body: flood, headers: { 'content-type': 'application/pdf' } });
      expect(response.status).toBe(200);
      const body = await response.json() as { status: string; pdf: { refused: { code: string; message: string } | null } };
      expect(body.status).toBe('indeterminate');
      expect(body.pdf.refused).toEqual({ code: 'pdf_too_costly', message: PDF_REFUSED[lang] });
      expect(body.pdf.refused!.message).toBe(body.pdf.refused!.message.normalize('NFC'));
    }
  });

  it('shows the reason on /kiem-tra and /en/kiem-tra instead of "no code found"', async () => {
    const server = await serverWith({ maxPerClient: 2, maxPublicQueue: 8 });
    const vi = await upload(server, '/kiem-tra', flood, 'hong.pdf', 'application/pdf');
    expect(vi.status).toBe(200);
    const viText = await textOf(vi);
    expect(viText).toContain('Cổng không đọc tệp PDF này');
    expect(viText).toContain(PDF_REFUSED.vi);
    expect(viText).not.toContain('Không đọc được mã tra cứu trong tệp PDF này');
    const en = await textOf(await upload(server, '/en/kiem-tra', flood, 'broken.pdf', 'application/pdf'));
    expect(en).toContain('The portal did not read this PDF');
    expect(en).toContain(PDF_REFUSED.en);
  });
});

describe('the public lane refusing an upload on the portal', () => {
  it('answers verification_busy with 503, Retry-After and a translated "try again later" page', async () => {
    // No public job may wait: the one worker's queue is full from the start.
    const server = await serverWith({ maxPerClient: 2, maxPublicQueue: 0 });
    const vi = await upload(server, '/kiem-tra', xml, 'hoc-ba.xml', 'application/xml');
    expect(vi.status).toBe(503);
    expect(vi.headers.get('retry-after')).toBe('5');
    const viText = await textOf(vi);
    expect(viText).toContain('Chưa kiểm tra được tệp lúc này');
    expect(viText).toContain('Hệ thống đang kiểm tra quá nhiều tệp công khai; vui lòng thử lại sau 5 giây.');
    expect(viText).toContain('Tệp của bạn chưa được kiểm tra và không được lưu lại. Hãy gửi lại sau khoảng 5 giây.');
    const en = await upload(server, '/en/kiem-tra', xml, 'record.xml', 'application/xml');
    expect(en.status).toBe(503);
    const enText = await textOf(en);
    expect(enText).toContain('The file could not be checked right now');
    expect(enText).toContain('The registry is checking too many public uploads right now; please try again in 5 seconds.');
    expect(enText).toContain('Your file was not checked and was not stored. Send it again in about 5 seconds.');
  });

  it('answers uploads_in_flight with 429 and the translated page for the second of two files sent at once', async () => {
    // One file in flight per client; the pool starts with the first upload, which waits for its worker to load.
    const server = await serverWith({ maxPerClient: 1, maxPublicQueue: 8 });
    const answers = await Promise.all([
      upload(server, '/kiem-tra', xml, 'mot.xml', 'application/xml'),
      upload(server, '/kiem-tra', xml, 'hai.xml', 'application/xml'),
    ]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 429]);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('5');
    const text = await textOf(refused);
    expect(text).toContain('Chưa kiểm tra được tệp lúc này');
    expect(text).toContain('Bạn đang có 1 tệp đang được kiểm tra; hãy chờ kết quả của chúng rồi gửi tiếp.');
  });
});
