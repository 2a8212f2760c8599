/**
 * The layers of src/ (see src/README.md): a folder imports only folders on a lower layer, plus the
 * few same-layer edges listed in SIDEWAYS. Type-only imports count too. `npm run depcheck`.
 */
const LAYERS = [
  // common: leaf helpers (concurrency, checked indexing, redaction) any folder may use.
  ['common'],
  ['csv', 'graph', 'html', 'paths'],
  ['warehouse', 'artifacts', 'charts'],
  ['models', 'stage'],
  [
    'loader',
    'runner',
    'kpis',
    'report',
    'docs',
    'profile',
    'schema',
    'notebooks',
    'generate',
    'history',
    'snapshots',
    'freshness',
  ],
  // the metrics layer compiles queries over the project's models for the warehouse's dialect.
  ['metrics'],
  // diff builds whole projects (runner), reads KPIs (kpis) and mart keys (schema);
  // typegen types the marts (models), the KPI rows (kpis) and the metric queries (metrics).
  ['diff', 'typegen'],
  ['pipeline', 'workbook'],
  ['cli'],
];

/** Same-layer imports that are allowed, with why. */
const SIDEWAYS = {
  // The profile checks the loaded raw tables against the load contract.
  profile: ['loader'],
  // The schema design reads the profile's keys and relationships.
  schema: ['profile'],
};

const layerOf = new Map(LAYERS.flatMap((folders, layer) => folders.map((folder) => [folder, layer])));

const directionRules = [...layerOf.entries()].map(([folder, layer]) => {
  const allowed = [folder, ...(SIDEWAYS[folder] ?? []), ...LAYERS.slice(0, layer).flat()];
  return {
    name: `layer-${folder}`,
    comment: `src/${folder}/ may import only: ${allowed.join(', ')} (layers point down; see src/README.md)`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: [`^src/(${allowed.join('|')})/`] },
  };
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles (type-only ones too) make the layers meaningless and the load order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'folders-in-layers',
      comment: 'Every folder of src/ has a layer: add a new folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${[...layerOf.keys()].join('|')})/` },
      to: {},
    },
    {
      name: 'public-surface-not-imported-inside',
      comment:
        'src/index.ts is the public surface for notebooks and other projects; code inside src/ imports the module it needs.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    ...directionRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
