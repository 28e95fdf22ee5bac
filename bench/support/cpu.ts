// CPU accounting for benchmarks on this shared VM, where the same code measured minutes apart differed by a third:
// the CPU time the hypervisor gave to other guests meanwhile (`steal` in /proc/stat), and the CPU time PostgreSQL
// spent, so a rate is written down with what it cost per item, which moves far less than the rate (PERFORMANCE.md).
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU time (user + system, ms) of every PostgreSQL process on this machine (its backends, WAL writer…); null off Linux. */
export function postgresCpuMs(): number | null {
  try {
    const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / ticksPerMs;
  } catch {
    return null;
  }
}
