// The one home of Vietnam wall-clock text (api/vietnam-time.ts): the portal, the CLI and the PDF copy print from it.
import { describe, expect, it } from 'vitest';
import { vietnamDateSecondText, vietnamDateText, vietnamSecondText, vietnamTimeText } from '../../api/vietnam-time.ts';

describe('Vietnam time (UTC+7) whatever the machine zone', () => {
  it('writes a date as dd/MM/yyyy, an ISO date as it stands and an instant on the Vietnam day, across midnight', () => {
    expect(vietnamDateText('2026-05-27')).toBe('27/05/2026');
    expect(vietnamDateText('2026-11-22T20:30:05Z')).toBe('23/11/2026');
    expect(vietnamDateText('không phải ngày')).toBe('không phải ngày');
  });

  it('writes an instant to the minute in each language, naming the zone, and leaves what is no instant as given', () => {
    expect(vietnamTimeText('2026-11-22T20:30:05Z', 'vi')).toBe('03:30 ngày 23/11/2026 (giờ Việt Nam)');
    expect(vietnamTimeText('2026-11-22T20:30:05Z', 'en')).toBe('23/11/2026 03:30 (Vietnam time, UTC+7)');
    expect(vietnamTimeText('soon', 'vi')).toBe('soon');
  });

  it('writes an instant to the second as the PDF copy prints its issue time and its signing times', () => {
    const at = new Date('2026-11-22T20:30:05Z');
    expect(vietnamSecondText(at)).toBe('03:30:05 ngày 23/11/2026');
    expect(vietnamDateSecondText(at)).toBe('23/11/2026 03:30:05');
  });
});
