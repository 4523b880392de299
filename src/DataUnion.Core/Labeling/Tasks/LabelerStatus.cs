namespace DataUnion.Core.Labeling;

/// <summary>A labeler's record in one domain.</summary>
/// <param name="Domain">The domain.</param>
/// <param name="Labeler">The labeler.</param>
/// <param name="Qualification">Qualification state and gold answers in the current attempt.</param>
/// <param name="Reputation">Gold accuracy and agreement, decayed and smoothed.</param>
/// <param name="Standing">Active, suspended or banned, with the reason.</param>
/// <param name="VotingPower">Current voting power: f(reputation) × g(stake).</param>
/// <param name="Stake">The stake used, in token base units.</param>
/// <param name="Counted">Real answers that counted.</param>
/// <param name="Skill">What the crowd model has learned of them so far (the crowd's skill for a newcomer).</param>
public sealed record LabelerStatus(string Domain, string Labeler, Qualification Qualification, Reputation Reputation, Standing Standing, double VotingPower, double Stake, int Counted, LabelerSkill? Skill = null);
