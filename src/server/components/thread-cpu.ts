import fs from 'node:fs';

/**
 * threadCpuMs is the CPU time (user + system, ms) a thread has used so far, from its /proc stat file
 * (default: the calling thread's; Linux only, undefined elsewhere). Unlike wall time it does not grow
 * when other programs take the cores, so runs on a loaded machine compare.
 */
export function threadCpuMs(statFile = '/proc/thread-self/stat'): number | undefined {
  try {
    return cpuMsOfStat(fs.readFileSync(statFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** cpuMsOfStat reads utime + stime (fields 14 and 15, in 10 ms clock ticks: USER_HZ is 100 on Linux) of a /proc stat line. */
export function cpuMsOfStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
