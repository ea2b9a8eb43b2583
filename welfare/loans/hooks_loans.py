"""Payments for loans and installments become repayments when they succeed."""

from core.payments.hooks import on_payment
from welfare.loans.repayments import apply_payment

on_payment("welfare.loan", apply_payment)
on_payment("welfare.installment", apply_payment)
