import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGb: number;
  os: string;
  node: string;
  postgres: string;
  psql?: string;
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
  };
}
