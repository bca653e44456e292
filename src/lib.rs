//! missionbot: a bot that knows an organization's mission, aims and strategy by heart.
