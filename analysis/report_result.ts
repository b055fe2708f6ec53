// The totals and lazily rendered views of one Report: what analyze() and a
// symbolic analysis's at() both return around it.

import { formatSize } from './format.js';
import { frozenParams, totalIsFloat, totalOf, totalParams, trainableParams, type Report } from './report_model.js';
import { archView } from '../views/arch.js';
import { tableView } from '../views/table.js';

// A class, not an object literal with getters: a literal's getters are new
// closures each time, which gives every result its own hidden class.
export class ReportResult {
  readonly flops: bigint;
  readonly flopsStr: string;
  readonly activations: bigint;
  readonly activationsStr: string;
  readonly params: bigint;
  readonly paramsStr: string;
  readonly paramsTrainable: bigint;
  readonly paramsFrozen: bigint;
  private table: string | undefined;
  private arch: string | undefined;

  /** `tableDepth` null: no table view (''); `showArch` false: no architecture view. */
  constructor(
    readonly report: Report,
    private readonly tableDepth: number | null,
    private readonly showArch: boolean,
  ) {
    this.flops = totalOf(report.flops);
    this.activations = totalOf(report.activations!);
    this.params = totalParams(report);
    this.flopsStr = formatSize(this.flops, 3, false, totalIsFloat(report.flops));
    this.activationsStr = formatSize(this.activations, 3, false, totalIsFloat(report.activations!));
    this.paramsStr = formatSize(this.params);
    this.paramsTrainable = trainableParams(report);
    this.paramsFrozen = frozenParams(report);
  }

  /** The table view, rendered on first access. */
  get outTable(): string {
    return (this.table ??= this.tableDepth === null ? '' : `\n${tableView(this.report, { maxDepth: this.tableDepth })}`);
  }

  /** The architecture view, rendered on first access. */
  get outArch(): string {
    return (this.arch ??= this.showArch ? `\n${archView(this.report)}` : '');
  }
}
