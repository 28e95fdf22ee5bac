// Surface of api/pki: the test PKI that `hocba pki init`, the demo and the tests make and read.
export { createTestPki, type CreateTestPkiOptions } from './create-test-pki.ts';
export { loadTestPki, type PkiCrl, type PkiEntity, type TestPki } from './test-pki.ts';
export type { Defect, EntityRole, KeySpec } from './plan.ts';
