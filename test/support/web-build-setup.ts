import { buildWeb, webBuildIsStale } from '../../scripts/build-web.ts';

/** Builds web/dist once before the tests when its sources changed, so test/web serves today's app. */
export default async function setup() {
  if (webBuildIsStale()) await buildWeb();
}
