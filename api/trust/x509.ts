// The one place @peculiar/x509 is set up (STACK.md "Certificates": reflect-metadata and the WebCrypto provider).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

/** Attribute types the library does not name itself; `UID` carries `MST:…` and `CCCD:…` in Vietnam. */
export const EXTRA_NAMES = {
  UID: '0.9.2342.19200300.100.1.1',
  SERIALNUMBER: '2.5.4.5',
  STREET: '2.5.4.9',
} as const;

export { x509 };
