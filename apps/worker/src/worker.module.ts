import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type ZhibenConfig } from '#bootstrap';

/** The worker: the core with its projection runner and deadline watcher running, and no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: ZhibenConfig): DynamicModule {
    return { module: WorkerModule, imports: [CoreModule.forRoot({ ...config, workerInProcess: true })] };
  }
}
