import { expectEqual, expectTrue, listIn } from '../assert.ts';
import { must } from '../../src/target/driver.ts';
import type { Real, SyncCommand, SyncModel } from './SyncModel.ts';

type Page = { Datasets: Array<{ DatasetName: string }>; NextToken?: string };

export class ListDatasetsCommand implements SyncCommand {
  check(): boolean {
    return true;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const names: string[] = [];
    let NextToken: string | undefined;
    for (let pages = 0; ; pages++) {
      expectTrue(pages < 50, `${this}: NextToken still set after 50 pages (every sync manager loops while NextToken is set)`);
      const page = must(await r.driver.call<Page>('ListDatasets', { MaxResults: 2, ...(NextToken ? { NextToken } : {}) }), 'ListDatasets');
      names.push(...listIn<{ DatasetName: string }>(page, 'Datasets', 'ListDatasets answer').map((d) => d.DatasetName));
      NextToken = page.NextToken;
      if (!NextToken) break;
    }
    expectEqual(names.filter((n) => n === r.dataset).length, m.exists ? 1 : 0, `${this}: times the dataset is listed (documented: the identity's datasets; a deleted one is gone)`);
  }

  toString(): string {
    return 'listDatasets()';
  }
}
