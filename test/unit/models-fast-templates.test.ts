import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompileProblem } from '../../src/models/compile-error';
import { compileMacros, templateGlobals } from '../../src/models/compile-macros';
import { compileProject } from '../../src/models/compile-project';
import { discoverProject } from '../../src/models/discover-project';
import { parseFastTemplate } from '../../src/models/fast-template';
import type { ProjectFiles } from '../../src/models/project-files';
import { projectScope } from '../../src/models/project-scope';
import { Relation, renderTemplate, useFastTemplates } from '../../src/models/template-renderer';
import { RedshiftDialect } from '../../src/warehouse/redshift-dialect';
import { memoryProject } from '../fixtures/projects/memory-project';

const ROOT = join(__dirname, '..', '..');
const PROJECTS = ['sql', 'test/fixtures/projects/shop', 'test/fixtures/projects/broken'];

/** Runs `work` with the fast path off, then on, and gives both outcomes (a value or the error). */
function bothWays<T>(work: () => T): { nunjucks: unknown; fast: unknown } {
  const outcome = () => {
    try {
      return { value: work() };
    } catch (error) {
      return { error: error instanceof Error ? { ...error, message: error.message } : error };
    }
  };
  useFastTemplates(false);
  try {
    const nunjucks = outcome();
    useFastTemplates(true);
    return { nunjucks, fast: outcome() };
  } finally {
    useFastTemplates(true);
  }
}

/** Fresh file objects each time: compiled templates are cached per file object. */
const discover = (dir: string) => discoverProject(join(ROOT, dir), { displayRoot: ROOT });

describe('models: the fast template path renders exactly what nunjucks renders', () => {
  for (const dir of PROJECTS) {
    it(`compiles ${dir} to the same project (or the same errors) both ways, for both dialects`, async () => {
      for (const dialect of [undefined, new RedshiftDialect()]) {
        const files: ProjectFiles[] = [await discover(dir), await discover(dir)];
        let round = 0;
        const { nunjucks, fast } = bothWays(() =>
          compileProject(files[round++] as ProjectFiles, { dialect }),
        );
        assert.deepStrictEqual(fast, nunjucks);
      }
    });
  }

  it('takes the fast path for every model of sql/ (so the comparison above means something)', async () => {
    const files = await discover('sql');
    assert.ok(files.modelFiles.length >= 10);
    for (const model of files.modelFiles) assert.ok(parseFastTemplate(model.text), model.file);
  });

  const macros = [
    '{% macro cents(column, scale=2) -%}\nround({{ column }} / 100.0, {{ scale }})\n{%- endmacro %}',
    '{% macro broken(x) %}{{ x.y.z }}{% endmacro %}',
    '{% macro listed(items) %}{{ items | join("|") }}{% endmacro %}',
  ].join('\n');
  const scopeWith = (self: Relation | undefined, isIncremental: boolean) => {
    const problems: CompileProblem[] = [];
    const globals = {
      ...templateGlobals('postgres'),
      ...compileMacros(
        [{ file: 'sql/macros/m.sql', path: 'macros/m.sql', text: macros }],
        'postgres',
        problems,
      ),
    };
    assert.deepEqual(problems, []);
    const scope = projectScope(
      [
        { name: 'a', schema: 'staging', relation: '"staging"."a"' },
        { name: 'b', schema: 'marts', relation: '"marts"."b"', uniqueId: 'seed.b' },
      ],
      [
        {
          sourceName: 'raw',
          name: 'orders',
          schema: 'raw',
          identifier: 'orders',
          relation: '"raw"."orders"',
        },
      ],
    );
    return { ...scope, self, isIncremental, globals };
  };
  const templates = [
    'select 1',
    '',
    "select * from {{ ref('a') }}",
    'select * from {{ref("a")}}',
    "select *\n  from   {{- ref('a') -}}  \n\n where 1 = 1",
    "select *\n\t \n{{- ref('a') }}\n{{ ref('b') -}}\n\t x",
    "select *\nfrom {{ ref ( 'a' ) }}\njoin {{ source('raw', 'orders') }} using (id)",
    "{{ config(\n  materialized='incremental',\n  unique_key='id',\n  tags=['a', 'b'], enabled=true, n=3, x=1.5\n) }}\nselect 1",
    "{{ config(a=1, a=2) }}{{ config() }}{{ config('x') }}{{ config(a=1, 'x') }}",
    '{{ this }} {{ this.schema }} {{ this.name }} {{ this.identifier }} {{ target.type }} {{ dialect }}',
    '{{ is_incremental() }} {{ this.nope }}',
    "{{ ref('nope') }} {{ ref('a', 'b') }} {{ ref() }} {{ ref(name='a') }} {{ source('raw') }}",
    "{{ source('raw', 'nope') }} {{ source('nope', 'orders') }} {{ ref(1) }} {{ ref(true) }}",
    "line 1\n{{ unknown_fn('x') }}",
    'line 1\nline 2\n  {{ undefined_var }}',
    "{{ ref('a') | upper }} {{ ref('a') ~ 'x' }} {{ 'literal' }} {{ ref('a').name }}",
    "{{ cents('amount') }} {{ cents( 'amount', scale=4 ) }} {{ cents(\n'x') }}",
    "{{ broken('x') }} {{ ref('a') }}",
    "{{ listed(['a', 'b']) }} {{ listed([]) }} {{ listed([1, [2, 3]]) }}",
    "{{ ref('a\\'b') }} {{ ref(\"a\\\\\") }}",
    "select '#}' as x from {{ ref('a') }}",
    "{# a comment #} select {{ ref('a') }}",
    "{% if is_incremental() %}new{% else %}all{% endif %} {{ ref('a') }}",
    "{{ ref('a') }}{{ ref('b') }}{{- ref('a') -}}{{ref('b')-}}\n x",
    "{{ ref('a')",
    "select '}}' from {{ ref('a') }} where x = '{' and y = '{ {'",
    "select *\r\nfrom {{ ref('a') }}\r\n",
    "{{\n  ref('a')\n}} {{ config(a=1,) }} {{ config(a==1) }} {{ ref('a',) }}",
    '{{ none }} {{ true }} {{ range }} {{ toString }} {{ ref }}',
    "{{ config(x=-1) }} {{ config(x=1.) }} {{ config(x=1e3) }} {{ config(x={'a': 1}) }}",
    "{{ this }} and {{ ref('b') }}",
  ];
  for (const [index, text] of templates.entries()) {
    it(`renders template ${index + 1} the same, with the same calls and problems: ${JSON.stringify(text).slice(0, 60)}`, () => {
      for (const self of [new Relation('marts', 'me', '"marts"."me"'), undefined]) {
        for (const isIncremental of [false, true]) {
          const scope = scopeWith(self, isIncremental);
          const { nunjucks, fast } = bothWays(() => {
            const problems: CompileProblem[] = [];
            const result = renderTemplate({ file: 'sql/staging/x.sql', text, firstLine: 3 }, scope, problems);
            return { result, problems };
          });
          assert.deepStrictEqual(fast, nunjucks);
        }
      }
    });
  }

  it('reads projects with config(), this, ephemeral and incremental models the same, relations final', () => {
    const project = {
      'project.yml': 'name: shop\n',
      'sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: orders\n',
      'staging/stg_orders.sql':
        "{{ config(schema='stage2', tags=['x']) }}\nselect * from {{ source('raw', 'orders') }}",
      'marts/fct.sql':
        "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('stg_orders') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
      'marts/eph.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('stg_orders') }}",
      'marts/uses_eph.sql': "select * from {{ ref('eph') }} join {{ this }} on true",
      'marts/mover.sql':
        "{{ config(schema='moved') }}\nselect '{{ this }}' as me from {{ ref('stg_orders') }}",
      'marts/_m.yml':
        'models:\n  - name: fct\n    columns:\n      - name: id\n        data_tests: [unique]\n',
    };
    const { nunjucks, fast } = bothWays(() => compileProject(memoryProject(project)));
    assert.ok('value' in (nunjucks as object), JSON.stringify(nunjucks));
    assert.deepStrictEqual(fast, nunjucks);
    // Pass 2 re-renders what a config() changed (its own `this`, refs to it) and reuses the rest.
    const sql = (name: string) =>
      (fast as { value: ReturnType<typeof compileProject> }).value.models.find((m) => m.name === name)
        ?.compiledSql;
    assert.equal(sql('mover'), `\nselect '"moved"."mover"' as me from "stage2"."stg_orders"`);
    assert.equal(sql('fct'), '\nselect * from "stage2"."stg_orders"');
    assert.match(sql('uses_eph') ?? '', /from "__dbt__cte__eph" join "marts"\."uses_eph" on true$/);
    assert.equal(sql('stg_orders'), '\nselect * from "raw"."orders"');
  });
});
