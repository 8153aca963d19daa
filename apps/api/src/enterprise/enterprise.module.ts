import { Module } from '@nestjs/common';
import { EnterpriseController } from './enterprise.controller.js';
import { RegisterEnterpriseHandler } from './register-enterprise.command.js';
import { ReadYourWrites } from '../conventions/read-your-writes.js';

/** The enterprise register: RegisterEnterprise and the profile read model. */
@Module({ controllers: [EnterpriseController], providers: [RegisterEnterpriseHandler, ReadYourWrites] })
export class EnterpriseModule {}
