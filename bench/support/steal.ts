// CPU time the hypervisor gave to other guests while a measurement ran (the `steal` column of /proc/stat). This
// machine is a shared VM: the same code measured minutes apart differed by a third while steal rose, so every rate is
// written down with the steal it ran under, beside a ceiling measured in the same run (docs/PERFORMANCE.md).
import { readFileSync } from 'node:fs';

interface CpuTimes {
  readonly total: number;
  readonly steal: number;
}

function cpuTimes(): CpuTimes | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user)
    return { total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0), steal: fields[7] ?? 0 };
  } catch {
    return null; // not Linux: no steal to report
  }
}

/** Starts counting; the function returned gives the share of CPU time stolen since, as "n %" (or "n/a"). */
export function measureSteal(): () => string {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total === start.total) return 'n/a';
    return `${(((end.steal - start.steal) / (end.total - start.total)) * 100).toFixed(0)} %`;
  };
}
