export * from './storage-class';
export * from './nfs-storage';
export * from './headless-service';
export * from './stateful-web';
