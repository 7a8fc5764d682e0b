// Mirrors tsconfig.json "paths" for jest, so the aliases are declared in one place.
const { compilerOptions } = require('../../tsconfig.json');

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    mapper[`^${alias.replace('/', '\\/')}$`] = `<rootDir>/${target}`;
  }
  return mapper;
}
module.exports = { pathsToModuleNameMapper };
