// TypeDoc plugin: names each entry-point module after the import specifier users
// write (`@jyotishconnect/wallet-store/memory`) instead of its path (`wallet-store/src/adapters/memory`).
import { Converter, ReflectionKind } from 'typedoc';
import { publicEntries, workspacePackages } from './workspace.mjs';

/** @param {import('typedoc').Application} app */
export function load(app) {
  const specifiers = new Map();
  for (const pkg of workspacePackages()) {
    const prefix = `${pkg.dir.split(/[\\/]/).at(-1)}/`;
    for (const entry of publicEntries(pkg)) {
      // `file` is `packages/<folder>/<path>`; TypeDoc knows it as package name + `<path>`.
      if (entry.file) specifiers.set(`${pkg.name}:${entry.file.slice(`packages/${prefix}`.length)}`, entry.specifier);
    }
  }
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
      const id = project.getSymbolIdFromReflection(module);
      const specifier = id && specifiers.get(`${id.packageName}:${id.packagePath}`);
      if (specifier) module.name = specifier;
    }
  });
}
