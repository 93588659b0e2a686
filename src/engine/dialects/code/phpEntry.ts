// The PHP reader and writer as one module, bundled beside the extension (dist/readers/php.js) and
// loaded with the PHP grammar, so that dist/extension.js does not carry them (see sideModules.ts).
export { readPhp } from './php';
export { phpEdit } from '../writers/phpWriter';
