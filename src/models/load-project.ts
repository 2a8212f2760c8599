import { type CompileOptions, compileProject } from './compile-project';
import type { CompiledProject } from './compiled-project';
import { type DiscoverOptions, discoverProject } from './discover-project';

/** discover + compile: the SQL project under `dir`, compiled (throws a CompileError listing every problem). */
export async function loadProject(
  dir: string,
  options: CompileOptions & DiscoverOptions = {},
): Promise<CompiledProject> {
  return compileProject(await discoverProject(dir, options), options);
}
