using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

internal sealed partial class ActorCell
{
    private Exception? _pendingRecreate;
    private IActorRef? _escalatedChild;
    private bool _isTerminated;

    /// <summary>
    /// The actor failed: it stops taking user messages and asks its supervisor what to do. The message that
    /// caused the failure is not processed again.
    /// </summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_isTerminating)
        {
            KernelLog.FailedWhileStopping(_system.Log, cause, _self.Path);
            return;
        }

        _failedMessage = _current.Message;
        _mailbox.Suspend();
        _parent.SendSystemMessage(new Failed(_self, cause));
    }

    private void HandleFailedChild(Failed failed)
    {
        if (_isTerminating || !TryGetChildStats(failed.Child, out var stats))
        {
            // Stale: the child is stopping or was replaced; its own termination settles the matter.
            return;
        }

        var strategy = _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.Default;
        Directive directive;
        try
        {
            directive = strategy.Decider(failed.Cause);
        }
        catch (Exception deciderFailure)
        {
            KernelLog.DeciderFailed(_system.Log, deciderFailure, _self.Path);
            directive = Directive.Escalate;
        }

        LogFailure(strategy, failed, directive);
        strategy.Apply(this, stats, failed.Cause, directive, ChildStatsSnapshot());
    }

    private void LogFailure(SupervisorStrategy strategy, Failed failed, Directive directive)
    {
        var level = strategy.FailureLogLevel?.Invoke(failed.Cause) ?? (failed.Cause is ActorKilledException ? LogLevel.Information : LogLevel.Error);
        KernelLog.ActorFailed(_system.Log, level, failed.Cause, failed.Child.Path, failed.Cause.GetType().Name, failed.Cause.Message, _self.Path, directive);
    }

    internal static void ResumeChild(IActorRef child, Exception cause) =>
        ((InternalActorRef)child).SendSystemMessage(new Resume(cause));

    internal static void RestartChild(IActorRef child, Exception cause) =>
        ((InternalActorRef)child).SendSystemMessage(new Recreate(cause));

    internal void StopChild(IActorRef child) => Stop(child);

    /// <summary>The supervisor cannot handle a child's failure: it fails itself with the child's exception.</summary>
    internal void Escalate(IActorRef child, Exception cause)
    {
        _escalatedChild = child;
        HandleInvokeFailure(cause);
    }

    private void FaultResume()
    {
        _mailbox.Resume();
        _failedMessage = null;
        if (_escalatedChild is { } child)
        {
            // The child that escalated is still waiting for a decision; resuming this actor resumes it too.
            _escalatedChild = null;
            ResumeChild(child, new InvalidOperationException("Resumed by its supervisor's resumption."));
        }
    }

    private void FaultRecreate(Exception cause)
    {
        if (_isTerminating)
        {
            return;
        }

        if (_actor is { } failed)
        {
            try
            {
                failed.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception e)
            {
                KernelLog.HookFailed(_system.Log, e, "PreRestart", _self.Path);
            }
        }

        _actor = null;
        _failedMessage = null;
        _escalatedChild = null;
        ResetInstanceState(unstash: true);
        if (_stoppingChildren.Count > 0)
        {
            _pendingRecreate = cause;
        }
        else
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _mailbox.Resume();
        foreach (var survivor in ChildStatsSnapshot())
        {
            // A child kept by an overridden PreRestart may have escalated to the failed instance.
            ResumeChild(survivor.Child, cause);
        }

        try
        {
            _actor = NewActor();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException(_self, $"Actor [{_self.Path}] failed to restart: {e.Message}", e));
        }
    }

    private void BeginTerminate()
    {
        List<ChildRestartStats> children;
        lock (_childrenLock)
        {
            if (_isTerminating)
            {
                return;
            }

            _isTerminating = true;
            children = [.. _children.Values];
        }

        UnwatchAll();
        _mailbox.Suspend();
        _timers?.CancelAll();
        foreach (var child in children)
        {
            Stop(child.Child);
        }

        if (children.Count == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_isTerminated)
        {
            return;
        }

        _isTerminated = true;
        try
        {
            _actor?.InvokePostStop();
        }
        catch (Exception e)
        {
            KernelLog.HookFailed(_system.Log, e, "PostStop", _self.Path);
        }
        finally
        {
            _actor = null;
            ResetInstanceState(unstash: false);
        }

        foreach (var leftover in _mailbox.Close())
        {
            if (leftover is Watch watch)
            {
                AddWatcher(watch);
            }
        }

        NotifyWatchersOfTermination();
    }
}
