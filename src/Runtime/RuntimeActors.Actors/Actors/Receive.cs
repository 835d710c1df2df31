namespace RuntimeActors.Actors;

/// <summary>A behaviour: handles <paramref name="message"/> and returns false when it does not know it.</summary>
public delegate bool Receive(object message);
