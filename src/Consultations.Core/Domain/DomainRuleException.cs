namespace Consultations.Core.Domain;

/// <summary>An operation would break a rule of the domain; the message is written for the person who asked.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string message)
        : base(message)
    {
    }

    public DomainRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DomainRuleException()
    {
    }
}
