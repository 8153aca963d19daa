import { Module } from '@nestjs/common';
import { EventStreamController } from './event-stream.controller.js';

/** Streams for analysts (SSE; Kafka where a broker runs, later). */
@Module({ controllers: [EventStreamController] })
export class EventStreamsModule {}
