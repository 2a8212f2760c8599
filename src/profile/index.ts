export { BUSINESS_RULES, type BusinessRule, type RuleSql } from './business-rules';
export type {
  ColumnProfile,
  ContractKeyCheck,
  Finding,
  InferredType,
  KeyProfile,
  Profile,
  ProfileChartData,
  Quantiles,
  Relationship,
  Severity,
  TableProfile,
  TopValue,
} from './profile';
export { type FrameRow, type ProfileFrames, profileFrames } from './profile-frames';
export { type ProfileOptions, profileWarehouse } from './profile-warehouse';
export { type WrittenProfile, writeProfile } from './write-profile';
