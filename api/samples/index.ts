// Sample records (tests, the demo, benchmarks, `hocba sample`): plausible, seeded and valid by the record module's
// own rules. A home apart from the engine: nothing in api/ imports it (dependency-cruiser: samples-outside-the-engine).
export { generateSampleRecord, generateSampleXml, generateSampleSet, sampleLookupCode, type SampleOptions, type SampleFile } from './sample.ts';
