import { expectEqual, expectTrue } from '../assert.ts';
import { must } from '../../src/target/driver.ts';
import type { SyncCommand, SyncModel, Real } from './SyncModel.ts';

export class ListDatasetsCommand implements SyncCommand {
  check = () => true;
  async run(m: SyncModel, r: Real): Promise<void> {
    const res = must(await r.driver.call<{ Datasets: Array<{ DatasetName: string }> }>('ListDatasets', {}), 'ListDatasets');
    const listed = res.Datasets.some((d) => d.DatasetName === r.dataset);
    expectTrue(listed === m.exists, `ListDatasets lists the dataset: expected ${m.exists}, got ${listed}`);
    expectEqual(res.Datasets.length <= 20, true, 'at most 20 datasets');
  }
  toString = () => 'listDatasets()';
}
