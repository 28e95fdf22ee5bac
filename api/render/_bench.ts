import { renderRecordPdf } from './index.ts';
import { inputFor, sampleRecord } from '../../tests/unit/render/tools.ts';
const input = inputFor(sampleRecord('TH', 5));
for (let i = 0; i < 60; i++) await renderRecordPdf(input);
const cpu: number[] = [];
for (let i = 0; i < 30; i++) { const u = process.cpuUsage(); await renderRecordPdf(input); const d = process.cpuUsage(u); cpu.push((d.user + d.system) / 1000); }
cpu.sort((a, b) => a - b); console.log('median cpu', cpu[15], 'min', cpu[0]);
