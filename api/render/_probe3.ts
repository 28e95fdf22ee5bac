import { writeFileSync } from 'node:fs';
import { renderRecordPdf } from './index.ts';
import { inputFor, sampleRecord } from '../../tests/unit/render/tools.ts';
writeFileSync('/tmp/r/rec.pdf', await renderRecordPdf(inputFor(sampleRecord('THPT', 11, 11), { status: 'recalled' })));
writeFileSync('/tmp/r/rep.pdf', await renderRecordPdf(inputFor(sampleRecord('THCS', 9, 11), { status: 'replaced' })));
