// Chromium for the e2e suite: Debian's /usr/bin/chromium driven by playwright-core (no browser download),
// screenshots into test-results/e2e/, downloads read back as bytes.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'e2e');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser, baseURL: string, options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL, acceptDownloads: true, locale: 'vi-VN', viewport: { width: 1200, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true, bypassCSP: options.bypassCSP ?? false,
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks what starts a download and returns its suggested name and bytes. */
export async function download(page: Page, start: () => Promise<unknown>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), start()]) as [Download, unknown];
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}
