// Module names as the reference resolves them: a module registered under two
// names has one canonical name, the first in depth-first registration order.

import { currentStructureVersion, type Module } from '../nn/module.js';

export interface ModuleNames {
  /** Every name (shared modules under each) to its canonical name. */
  readonly canonical: ReadonlyMap<string, string>;
  /** Each module object to its canonical name. */
  readonly byModule: ReadonlyMap<Module, string>;
  /** Every name to its module, shared ones repeated. */
  readonly modules: ReadonlyMap<string, Module>;
}

const NAMES = new WeakMap<Module, { version: number; names: ModuleNames }>();

/** Canonical names of the model's modules, shared until its structure changes. */
export function moduleNames(model: Module): ModuleNames {
  const hit = NAMES.get(model);
  if (hit !== undefined && hit.version === currentStructureVersion()) return hit.names;
  const names = computeNames(model);
  NAMES.set(model, { version: currentStructureVersion(), names });
  return names;
}

function computeNames(model: Module): ModuleNames {
  const canonical = new Map<string, string>();
  const byModule = new Map<Module, string>();
  const modules = new Map<string, Module>();
  for (const [name, m] of model.namedModulesWithDuplicates()) {
    let c = byModule.get(m);
    if (c === undefined) {
      c = name;
      byModule.set(m, name);
    }
    canonical.set(name, c);
    modules.set(name, m);
  }
  return { canonical, byModule, modules };
}
