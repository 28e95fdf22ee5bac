// The QR reader for browsers without a native BarcodeDetector (Firefox, iOS Safari, desktop Chrome on Windows and
// Linux): barcode-detector's ponyfill over ZXing-C++ compiled to WebAssembly. Loaded by a dynamic import only when
// the visitor asks to scan; the .wasm is a build asset served from the portal's own origin (never a CDN).
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
  overrides: {
    // The library's default fetches the .wasm from a CDN; the CSP allows only 'self', and we want it so.
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, window.location.href).href : prefix + path),
  },
});

export function createQrDetector(): { detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]> } {
  return new BarcodeDetector({ formats: ['qr_code'] });
}
