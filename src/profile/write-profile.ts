import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonArtifact } from '../artifacts/artifacts';
import { renderSvg } from '../charts/render-svg';
import type { Profile } from './profile';
import { profileCharts } from './profile-charts';
import { type RenderedChart, renderProfileHtml } from './profile-html';

export type WrittenProfile = { json: string; html: string };

/**
 * Writes `profile.json` (the whole profile) and `profile.html` (a self-contained page with inline
 * CSS and the charts as inline SVG, rendered here with vega) into `outDir`, usually `target/`.
 * A chart that fails to render is replaced by a note; the files are still written.
 */
export async function writeProfile(profile: Profile, outDir: string): Promise<WrittenProfile> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, 'profile.json');
  const html = join(outDir, 'profile.html');
  const charts = await Promise.all(
    profileCharts(profile.charts).map(async (chart): Promise<RenderedChart> => {
      try {
        return { id: chart.id, title: chart.title, svg: await renderSvg(chart.spec, ignoreWarning) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          id: chart.id,
          title: chart.title,
          svg: '',
          error: `The chart could not be rendered: ${message}`,
        };
      }
    }),
  );
  await writeJsonArtifact(outDir, 'profile.json', profile, { generated_at: profile.generatedAt });
  await writeFile(html, renderProfileHtml(profile, charts));
  return { json, html };
}

/** vega's warnings (text width estimates and the like) are noise on a generated page; errors still throw. */
function ignoreWarning(): void {}
