import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  postgres: string;
  psql?: string;
  /** `uptime`'s 1, 5 and 15-minute load averages when the bench started (2 cores: above 2 is a shared machine). */
  loadAverage: number[];
}

export function machineInfo(postgres: string, psql?: string): MachineInfo {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    cores: cores.length,
    ramGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${process.arch}`,
    node: process.version,
    postgres,
    psql,
    loadAverage: loadAverageNow(),
  };
}

export function loadAverageNow(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
