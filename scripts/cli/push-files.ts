// The inputs of `hocba push`: files and folders → packages, read lazily batch by batch (a province pushes thousands).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { encodePackage, looksLikeXml } from '../../api/codec/index.ts';

const PACKAGE_EXTENSIONS = new Set(['.xml', '.b64']);

/** Every file named, and every .xml / .b64 inside a named folder (recursively, in name order). */
export function listInputs(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

function filesUnder(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() && PACKAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? [path] : [];
  });
}

/** A package as the API takes it: an XML file is packed (gzip + base64), a .b64 file is sent as it is. */
export function readPackage(path: string): string {
  const bytes = readFileSync(path);
  return looksLikeXml(bytes) ? encodePackage(bytes) : bytes.toString('latin1').trim();
}
