// Checks of text values that regular expressions cannot make: NFC and real calendar dates.

// Every character below U+0300 is stable under NFC and combines with nothing before it, so text made
// only of them (codes, numbers, dates) skips the costly normalisation.
export function isNfc(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) >= 0x300) return value.normalize('NFC') === value;
  }
  return true;
}

export function isCalendarDate(value: string): boolean {
  const day = Number(value.slice(0, 2));
  const month = Number(value.slice(3, 5));
  const year = Number(value.slice(6, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}
