import { discoverProject } from '../models/discover-project';
import { readSemanticLayer } from './read-semantic-layer';
import type { SemanticLayer } from './semantic-layer';

/** The `semantic_models:` and `metrics:` of the SQL project under `projectDir`. */
export async function loadSemanticLayer(projectDir: string): Promise<SemanticLayer> {
  const files = await discoverProject(projectDir);
  return readSemanticLayer(files.yamlFiles);
}
