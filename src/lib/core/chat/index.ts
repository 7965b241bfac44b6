/** Talking without taking the floor: chat, quiet reactions and the thermometer check-in. Import from here. */
export * from './rules';
export * from './reactions';
export {
  DEFAULT_LOW_AT,
  THERMOMETER_MAX,
  THERMOMETER_MIN,
  openRound,
  sharedThermometer,
  spreadOf,
  thermometerSummary,
  type SharedThermometer,
  type Spread,
  type ThermometerLine,
  type ThermometerRound
} from './thermometer';
export type { TalkCommandType } from './commands';
