export { CLOUD_PROVIDERS, type CloudProvider } from './providers';
export { cloudProviderFor, cloudProviderForChain } from './match';
export { cloudFinding } from './finding';
