/** Runs a command in this process with extra environment variables, capturing stdout. */
export async function capture(
  command: (argv: string[]) => Promise<number>,
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const write = process.stdout.write;
  let stdout = '';
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await command(argv), stdout };
  } finally {
    process.stdout.write = write;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
