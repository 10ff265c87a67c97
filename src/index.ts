export * from './storage-class';
export * from './nfs-storage';
export * from './headless-service';
export * from './stateful-web';
export * from './web-server';
export * from './disruption-budget';
export * from './pod-security';
