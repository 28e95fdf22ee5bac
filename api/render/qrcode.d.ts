// The part of the untyped `qrcode` package that qr.ts uses: the symbol matrix, no raster.
declare module 'qrcode' {
  export interface QRCodeSymbol {
    readonly modules: { readonly size: number; get(row: number, col: number): number | boolean };
    readonly version: number;
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): QRCodeSymbol;
  const QRCode: { create: typeof create };
  export default QRCode;
}
